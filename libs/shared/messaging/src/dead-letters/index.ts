export { createDeadLetterTables, dropDeadLetterTables, DEAD_LETTER_STATUSES, type DeadLetterStatus } from './dead-letter-tables';
export {
  DeadLetterArchive,
  type ArchivedDeadLetterInput,
  type DeadLetterAction,
  type DeadLetterDetail,
  type DeadLetterPage,
  type DeadLetterSummary,
  type ReasonCount,
} from './dead-letter-archive';
export { DeadLetterArchiver, type DeadLetterArchiverOptions } from './dead-letter-archiver';
export { DeadLetterDesk, DeadLetterError, REPLAY_HEADER, replayTopicOf, type DeadLetterErrorCode, type ReplayOutcome, type ReplayRequest, type ReplayRoutes } from './dead-letter-desk';
export { OPEN_DEAD_LETTERS_METRIC, countOpenDeadLetters } from './dead-letter-metrics';
export { deadLetterAdminController } from './dead-letter-admin.controller';
export { checkRequest, deadLetterListSchema, deadLetterReasonsSchema, discardSchema, replayOneSchema, replayReasonSchema, type Checked } from './dead-letter-requests';
export { DEAD_LETTER_USAGE, parseDeadLetterCommand, runDeadLetterCommand, type DeadLetterCommand, type ParsedDeadLetterCommand } from './dead-letter-command';
export { runDeadLetterCli, type DeadLetterCliSettings } from './dead-letter-cli';
export { DEAD_LETTER_SETTINGS, DeadLetterService, deadLetterProviders, type DeadLetterConfig, type DeadLetterSettings } from './dead-letter.service';
