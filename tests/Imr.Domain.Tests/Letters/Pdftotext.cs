using System.Diagnostics;

namespace Imr.Domain.Tests.Letters;

/// <summary>Runs poppler's <c>pdftotext -layout</c>, the tool the corpus text was made with; a missing binary fails the test.</summary>
internal static class Pdftotext
{
    // Test classes run in parallel; two converters at a time leave the rest of the suite its share of the CPU.
    private static readonly SemaphoreSlim Slots = new(2);

    public static async Task<string> LayoutTextAsync(byte[] pdf)
    {
        var input = Path.Combine(Path.GetTempPath(), $"imr-letter-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(input, pdf);
        await Slots.WaitAsync();
        try
        {
            var start = new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", input, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start");
            }
            catch (System.ComponentModel.Win32Exception missing)
            {
                throw new InvalidOperationException(
                    "pdftotext is not installed (Debian package poppler-utils); the PDF round-trip tests need it and cannot pass without it.", missing);
            }

            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var errors = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                // Poppler reports damaged or non-conforming PDFs on stderr even when it manages to extract text.
                var complaints = await errors;
                if (process.ExitCode != 0 || complaints.Length > 0)
                {
                    throw new InvalidOperationException($"pdftotext exit code {process.ExitCode}, complaints: {complaints}");
                }

                return await output;
            }
        }
        finally
        {
            Slots.Release();
            File.Delete(input);
        }
    }
}
