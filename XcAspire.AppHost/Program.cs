using XcAspire.AppHost.Hosting;

// ./xc run [--silos N]: PostgreSQL, the silo(s) and the API for a local run; Ctrl+C stops them all.
var options = AppHostOptions.From(args, Environment.GetEnvironmentVariables());
return await new Orchestrator(options).RunAsync();
