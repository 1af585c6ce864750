namespace Imr.Cli;

/// <summary>Entry point of the <c>imr</c> operator's command line.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns its exit code.</summary>
    public static int Main(string[] args) => OperatorCommandLine.Run(args, Console.Out, Console.Error);
}
