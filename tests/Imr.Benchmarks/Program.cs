using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Imr.Benchmarks.ReviewerSelectionBenchmarks).Assembly).Run(args);
