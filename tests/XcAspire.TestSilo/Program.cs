await Orleans.TestingHost.StandaloneSiloHost.Main(args);
