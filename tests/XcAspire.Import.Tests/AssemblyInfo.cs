// Import tests share the machine with other suites: one test class at a time keeps the 2 cores for
// PostgreSQL rather than for many parallel imports.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
