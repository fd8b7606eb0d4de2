// Lease tests measure nothing, but a 2-second lease on a 2-core machine should not compete with
// other clusters' silos for the CPU: test classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
