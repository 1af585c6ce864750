namespace Imr.Functions.Tests.Deployment;

/// <summary>A fact that needs a Unix system (file modes, /bin/sh); elsewhere it is reported as skipped, with the reason.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the tests run on Windows.</summary>
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = UnixOnly.Reason;
        }
    }
}
