// Clusters of several silos on a 2-core machine: test classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
