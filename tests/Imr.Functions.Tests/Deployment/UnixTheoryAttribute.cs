namespace Imr.Functions.Tests.Deployment;

/// <summary>A theory that needs a Unix system (file modes, /bin/sh); elsewhere it is reported as skipped, with the reason.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the tests run on Windows.</summary>
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = UnixOnly.Reason;
        }
    }
}
