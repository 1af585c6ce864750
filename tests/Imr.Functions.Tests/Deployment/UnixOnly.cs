namespace Imr.Functions.Tests.Deployment;

/// <summary>Why a Unix-only test is skipped on Windows.</summary>
internal static class UnixOnly
{
    public const string Reason = "Needs a Unix system: it checks Unix file modes or runs /bin/sh, which Windows does not have.";
}
