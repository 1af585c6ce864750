namespace Imr.Functions.Tests.Deployment;

[Collection(InfrastructureCollection.Name)]
public sealed class BicepLintTests(InfrastructureFixture infra)
{
    public static TheoryData<string> BicepFiles() => new(InfraBicepFiles());

    private static List<string> InfraBicepFiles() =>
        Directory.EnumerateFiles(RepositoryLayout.Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(RepositoryLayout.Root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Main_bicep_builds_with_no_warnings()
    {
        infra.Build.ExitCode.ShouldBe(0, infra.Build.Describe());
        infra.Build.Diagnostics.ShouldBeEmpty(infra.Build.Describe());
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Every_bicep_file_lints_with_no_warnings(string file)
    {
        var run = infra.Bicep.Run(RepositoryLayout.Root, "lint", Path.Combine(RepositoryLayout.Root, file));

        run.ExitCode.ShouldBe(0, run.Describe());
        run.Diagnostics.ShouldBeEmpty(run.Describe());
    }

    [Fact]
    public void Infra_folder_holds_main_and_its_modules()
    {
        var files = InfraBicepFiles();

        files.ShouldContain("infra/main.bicep");
        files.Count.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void The_warning_check_sees_a_linter_warning()
    {
        // Proves the "no warnings" assertions above can fail: an unused parameter must show up as a diagnostic.
        var file = Path.Combine(infra.WorkFolder, "unused-param.bicep");
        File.WriteAllText(file, "param unused string\n");

        var run = infra.Bicep.Run(infra.WorkFolder, "lint", file);

        run.Diagnostics.ShouldContain(d => d.Contains("Warning no-unused-params", StringComparison.Ordinal), run.Describe());
    }

    [Fact]
    public void Every_snapshot_evaluates_without_diagnostics()
    {
        infra.Minimal.Diagnostics.ShouldBeEmpty(infra.Minimal.Run.Describe());
        infra.Minimal.Run.Diagnostics.ShouldBeEmpty(infra.Minimal.Run.Describe());
        infra.Operator.Diagnostics.ShouldBeEmpty(infra.Operator.Run.Describe());
        infra.Operator.Run.Diagnostics.ShouldBeEmpty(infra.Operator.Run.Describe());
    }
}
