// Preloaded into a service only while profiling: NestJS re-raises SIGTERM after its shutdown
// hooks, and a process killed by a signal writes no --cpu-prof profile; exiting normally does.
process.prependListener('SIGTERM', () => setTimeout(() => process.exit(0), 50));
