using BenchmarkDotNet.Running;
using Imr.Benchmarks.EndToEnd;

// dotnet run -c Release --project tests/Imr.Benchmarks -- <command>
//   hot                                   the BenchmarkDotNet hot paths (short job, in process)
//   e2e --engine memory|azure --cases N   one end-to-end run against a child Imr.Local
//   all                                   hot, then e2e on both engines at 200 and 1000 cases, and Azure Storage again with the
//                                         task hub in its own Azurite (docs/benchmarks.md; about half an hour on 2 quiet cores)
// Anything else goes to BenchmarkDotNet as before (e.g. --filter '*Letter*' --job short --inProcess).
var command = args.FirstOrDefault();

// Imr.Local's setting that gives the task hub an Azurite of its own.
const string SeparateTaskHub = "ImrLocal:TaskHubStorage=separate";
switch (command)
{
    case "hot":
        RunHotPaths(args[1..]);
        break;
    case "e2e":
        await EndToEndCommand.RunAsync(EndToEndCommand.Parse(args[1..]));
        break;
    case "all":
        RunHotPaths([]);
        await EndToEndCommand.RunAsync([
            new("memory", 200),
            new("memory", 1000),
            new("azurestorage", 200),

            // The slowest part, bounded by one Azurite process (docs/benchmarks.md).
            new("azurestorage", 1000, Minutes: 25),

            // The same with the task hub in an Azurite of its own, as the Functions app can keep AzureWebJobsStorage apart from
            // ImrStorage: the application's storage calls then stop queueing behind the engine's on one emulator thread.
            new("azurestorage", 200, HostSettings: [SeparateTaskHub]),
            new("azurestorage", 1000, Minutes: 25, HostSettings: [SeparateTaskHub]),
        ]);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Imr.Benchmarks.ReviewerSelectionBenchmarks).Assembly).Run(args);
        break;
}

static void RunHotPaths(string[] extra) =>
    BenchmarkSwitcher.FromAssembly(typeof(Imr.Benchmarks.ReviewerSelectionBenchmarks).Assembly)
        .Run(["--filter", "*", "--job", "short", "--inProcess", .. extra]);

