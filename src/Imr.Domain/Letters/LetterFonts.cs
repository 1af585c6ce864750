using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Imr.Domain.Letters;

/// <summary>Liberation Serif (metric-compatible with the Times New Roman of the published letters), shipped inside this assembly.</summary>
/// <remarks>
/// The faces are built straight from the embedded font bytes instead of through PDFsharp's process-wide font resolver,
/// so letters render identically on a machine with no fonts installed and never clash with another resolver in the host.
/// </remarks>
internal sealed class LetterFonts
{
    private static readonly Lazy<XFontSource> RegularSource = new(() => Load("LiberationSerif-Regular.ttf"));
    private static readonly Lazy<XFontSource> BoldSource = new(() => Load("LiberationSerif-Bold.ttf"));

    // PDFsharp's font caches are global; building faces one at a time keeps concurrent renders safe.
    private static readonly Lock FaceLock = new();

    private LetterFonts(XFont body, XFont bold, XFont footer)
    {
        Body = body;
        Bold = bold;
        Footer = footer;
    }

    /// <summary>12 pt body text.</summary>
    public XFont Body { get; }

    /// <summary>12 pt bold, for headings.</summary>
    public XFont Bold { get; }

    /// <summary>9 pt running footer.</summary>
    public XFont Footer { get; }

    public static LetterFonts Create()
    {
        lock (FaceLock)
        {
            var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
            var regular = new XGlyphTypeface(RegularSource.Value);
            var bold = new XGlyphTypeface(BoldSource.Value);
            return new LetterFonts(
                new XFont(regular, 12, options, null),
                new XFont(bold, 12, options, null),
                new XFont(regular, 9, options, null));
        }
    }

    private static XFontSource Load(string file)
    {
        var name = "Imr.Domain.Letters.Fonts." + file;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Font resource '{name}' is missing from Imr.Domain.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return XFontSource.GetOrCreateFrom(copy.ToArray());
    }
}
