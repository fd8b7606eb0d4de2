// The chaos run kills silos on 2-second leases and measures nothing, but it must not share the
// machine's two cores with other test classes of this project: everything here runs one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
