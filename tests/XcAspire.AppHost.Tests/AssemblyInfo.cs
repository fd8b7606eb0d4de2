// Each AppHost starts PostgreSQL, silos and the API; two at once on a 2-core machine starve each other's start-up.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
