import fc from 'fast-check';
import { MovementHistory } from './movement-history';

describe('MovementHistory', () => {
  it('passes a run where every acknowledged id was applied once', () => {
    const history = new MovementHistory();
    history.submitted(['a', 'b', 'c', 'a']);
    history.acknowledged(['a', 'b']);
    history.applied(['a', 'b', 'c']);
    expect(history.figures()).toMatchObject({ sent: 3, deliveries: 4, acknowledged: 2, applied: 3, lost: 0, doubled: 0, phantom: 0, appliedWithoutAcknowledgement: 1 });
  });

  it('counts an acknowledged id that was never applied as lost', () => {
    const history = new MovementHistory();
    history.submitted(['a', 'b']);
    history.acknowledged(['a', 'b']);
    history.applied(['a']);
    expect(history.figures()).toMatchObject({ lost: 1, examples: { lost: ['b'], doubled: [], phantom: [], appliedDespiteDeadLetter: [] } });
  });

  it('counts an id applied twice as doubled and an id nobody sent as phantom', () => {
    const history = new MovementHistory();
    history.submitted(['a']);
    history.acknowledged(['a']);
    history.applied(['a', 'a', 'z']);
    expect(history.figures()).toMatchObject({ applied: 2, doubled: 1, phantom: 1, examples: { doubled: ['a'], phantom: ['z'] } });
  });

  it('lets a submitted but unacknowledged id be absent without calling it lost', () => {
    const history = new MovementHistory();
    history.submitted(['a', 'b']);
    history.acknowledged(['a']);
    history.applied(['a']);
    expect(history.figures()).toMatchObject({ lost: 0, sent: 2, applied: 1 });
  });

  it('holds a dead-lettered id to "never applied" instead of "applied once"', () => {
    const history = new MovementHistory();
    history.submitted(['a', 'poison', 'half']);
    history.acknowledged(['a', 'poison', 'half']);
    history.deadLettered(['poison', 'half']);
    history.applied(['a', 'half']);
    expect(history.figures()).toMatchObject({ lost: 0, deadLettered: 2, appliedDespiteDeadLetter: 1, examples: { appliedDespiteDeadLetter: ['half'] } });
  });

  it('refuses an acknowledgement of an id that was never submitted', () => {
    expect(() => new MovementHistory().acknowledged(['x'])).toThrow(/never submitted/);
  });

  it('reads the ledger afresh after clearApplied', () => {
    const history = new MovementHistory();
    history.submitted(['a']);
    history.applied(['a']);
    history.clearApplied();
    history.applied(['a']);
    expect(history.figures().doubled).toBe(0);
  });

  it('agrees with set arithmetic on any history', () => {
    const id = fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6');
    fc.assert(
      fc.property(fc.array(id), fc.array(fc.boolean()), fc.array(id), (submitted, acknowledgedMask, applied) => {
        const history = new MovementHistory();
        history.submitted(submitted);
        const acknowledged = submitted.filter((_, index) => acknowledgedMask[index] === true);
        history.acknowledged(acknowledged);
        history.applied(applied);
        const figures = history.figures();
        const appliedSet = new Set(applied);
        const acknowledgedSet = new Set(acknowledged);
        expect(figures.sent).toBe(new Set(submitted).size);
        expect(figures.deliveries).toBe(submitted.length);
        expect(figures.lost).toBe([...acknowledgedSet].filter((each) => !appliedSet.has(each)).length);
        expect(figures.phantom).toBe([...appliedSet].filter((each) => !submitted.includes(each)).length);
        expect(figures.doubled).toBe([...appliedSet].filter((each) => applied.filter((other) => other === each).length > 1).length);
        // The promise holds exactly when acknowledged ⊆ applied ⊆ submitted with no repeats.
        const promiseKept = [...acknowledgedSet].every((each) => appliedSet.has(each)) && [...appliedSet].every((each) => submitted.includes(each)) && appliedSet.size === applied.length;
        expect(figures.lost === 0 && figures.doubled === 0 && figures.phantom === 0).toBe(promiseKept);
      }),
    );
  });
});
