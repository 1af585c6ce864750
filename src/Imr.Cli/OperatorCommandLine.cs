using System.CommandLine;

namespace Imr.Cli;

/// <summary>The operator's commands; output and error writers are parameters so the whole command line runs in-process in tests.</summary>
internal static class OperatorCommandLine
{
    /// <summary>Exit code for a file that cannot be read, parsed or rendered (usage errors exit with 1).</summary>
    public const int InputError = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("IMR operator's command line.")
        {
            LetterCommands.Create(output, error),
        };

        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return root.Parse(args).Invoke(configuration);
    }
}
