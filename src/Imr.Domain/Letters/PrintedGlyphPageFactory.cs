using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace Imr.Domain.Letters;

/// <summary>
/// One glyph as <see cref="LetterPdfReader"/> lays text out: the start and end of its baseline, its point size, its text,
/// and its place in the content stream.
/// </summary>
internal readonly record struct PrintedGlyph(double X, double Y, double EndX, double PointSize, string Value, int Order);

/// <summary>
/// A page's horizontal glyphs. <see cref="Exact"/> is false when the page has a glyph whose PdfPig letter would differ from
/// what was collected (a combining or standalone diacritic PdfPig merges into its neighbour, or a zero-width glyph whose
/// direction PdfPig takes from the glyph's outline), so the caller reads that page through PdfPig's letters instead.
/// </summary>
internal sealed record PrintedGlyphs(List<PrintedGlyph> Glyphs, bool Exact);

/// <summary>
/// Builds <see cref="PrintedGlyphs"/> pages for <see cref="PdfDocument.GetPage{TPage}(int)"/>: the glyph positions of
/// PdfPig's <see cref="Letter"/>s without the letters, their colours, outlines and loose boxes, which reading a letter
/// does not use and which cost most of the extraction's time and memory.
/// </summary>
internal sealed class PrintedGlyphPageFactory(
    IPdfTokenScanner pdfScanner,
    IResourceStore resourceStore,
    ILookupFilterProvider filterProvider,
    IPageContentParser pageContentParser,
    ParsingOptions parsingOptions)
    : BasePageFactory<PrintedGlyphs>(pdfScanner, resourceStore, filterProvider, pageContentParser, parsingOptions)
{
    /// <inheritdoc />
    protected override PrintedGlyphs ProcessPage(
        int pageNumber,
        DictionaryToken dictionary,
        NamedDestinations namedDestinations,
        MediaBox mediaBox,
        CropBox cropBox,
        UserSpaceUnit userSpaceUnit,
        PageRotationDegrees rotation,
        TransformationMatrix initialMatrix,
        IReadOnlyList<IGraphicsStateOperation> operations)
    {
        if (operations.Count == 0)
        {
            return new PrintedGlyphs([], Exact: true);
        }

        var collector = new PrintedGlyphCollector(
            pageNumber, ResourceStore, PdfScanner, PageContentParser, FilterProvider, cropBox, userSpaceUnit, rotation, initialMatrix, ParsingOptions);
        return collector.Process(pageNumber, operations);
    }
}

/// <summary>Collects the glyphs a content stream shows; paths, images and marked content are not text and are skipped.</summary>
internal sealed class PrintedGlyphCollector(
    int pageNumber,
    IResourceStore resourceStore,
    IPdfTokenScanner pdfScanner,
    IPageContentParser pageContentParser,
    ILookupFilterProvider filterProvider,
    CropBox cropBox,
    UserSpaceUnit userSpaceUnit,
    PageRotationDegrees rotation,
    TransformationMatrix initialMatrix,
    ParsingOptions parsingOptions)
    : BaseStreamProcessor<PrintedGlyphs>(
        pageNumber, resourceStore, pdfScanner, pageContentParser, filterProvider, cropBox, userSpaceUnit, rotation, initialMatrix, parsingOptions)
{
    // PdfPig merges these into the letter before them, or treats them apart (its Diacritics); such a page takes its full path.
    private static readonly HashSet<string> StandaloneDiacritics = new(StringComparer.Ordinal)
    {
        "\u00B4", "^", "\u02C6", "\u00A8", "\u00A9", "\u2122", "\u00AE", "`", "\u02DC", "\u223C", "\u00B8",
    };

    private readonly List<PrintedGlyph> glyphs = [];
    private bool exact = true;

    /// <inheritdoc />
    public override PrintedGlyphs Process(int pageNumberCurrent, IReadOnlyList<IGraphicsStateOperation> operations)
    {
        PageNumber = pageNumberCurrent;
        CloneAllStates();
        ProcessOperations(operations);
        return new PrintedGlyphs(glyphs, exact);
    }

    /// <inheritdoc />
    public override void RenderGlyph(
        IFont font,
        CurrentGraphicsState currentState,
        double fontSize,
        double pointSize,
        int code,
        string unicode,
        long currentOffset,
        in TransformationMatrix renderingMatrix,
        in TransformationMatrix textMatrix,
        in TransformationMatrix transformationMatrix,
        CharacterBoundingBox characterBoundingBox)
    {
        ArgumentNullException.ThrowIfNull(characterBoundingBox);
        if (!exact)
        {
            return;
        }

        // The same baseline PdfPig gives a letter: the advance width's box through the glyph's matrices.
        var box = PerformantRectangleTransformer.Transform(
            renderingMatrix, textMatrix, transformationMatrix, new PdfRectangle(0, 0, characterBoundingBox.Width, UserSpaceUnit.PointMultiples));
        var start = box.BottomLeft;
        var end = box.BottomRight;
        var zeroWidth = Math.Abs(start.X - end.X) < 10e-5 && Math.Abs(start.Y - end.Y) < 10e-5;
        if (zeroWidth || IsDiacritic(unicode))
        {
            exact = false;
            return;
        }

        // PdfPig's TextOrientation.Horizontal: a level baseline running left to right.
        if (Math.Abs(start.Y - end.Y) < 10e-5 && start.X <= end.X)
        {
            glyphs.Add(new PrintedGlyph(start.X, start.Y, end.X, pointSize, unicode, glyphs.Count));
        }
    }

    private static bool IsDiacritic(string unicode) =>
        (unicode.Length == 1 && unicode[0] is >= '\u0300' and <= '\u036F') || StandaloneDiacritics.Contains(unicode);

    /// <inheritdoc />
    protected override void RenderXObjectImage(XObjectContentRecord xObjectContentRecord)
    {
    }

    /// <inheritdoc />
    protected override void RenderInlineImage(InlineImage inlineImage)
    {
    }

    /// <inheritdoc />
    public override void BeginSubpath()
    {
    }

    /// <inheritdoc />
    public override PdfPoint? CloseSubpath() => null;

    /// <inheritdoc />
    public override void StrokePath(bool close)
    {
    }

    /// <inheritdoc />
    public override void FillPath(FillingRule fillingRule, bool close)
    {
    }

    /// <inheritdoc />
    public override void FillStrokePath(FillingRule fillingRule, bool close)
    {
    }

    /// <inheritdoc />
    public override void MoveTo(double x, double y)
    {
    }

    /// <inheritdoc />
    public override void BezierCurveTo(double x2, double y2, double x3, double y3)
    {
    }

    /// <inheritdoc />
    public override void BezierCurveTo(double x1, double y1, double x2, double y2, double x3, double y3)
    {
    }

    /// <inheritdoc />
    public override void LineTo(double x, double y)
    {
    }

    /// <inheritdoc />
    public override void Rectangle(double x, double y, double width, double height)
    {
    }

    /// <inheritdoc />
    public override void EndPath()
    {
    }

    /// <inheritdoc />
    public override void ClosePath()
    {
    }

    /// <inheritdoc />
    public override void BeginMarkedContent(NameToken name, NameToken? propertyDictionaryName, DictionaryToken? properties)
    {
    }

    /// <inheritdoc />
    public override void EndMarkedContent()
    {
    }

    /// <inheritdoc />
    public override void ModifyClippingIntersect(FillingRule clippingRule)
    {
    }

    /// <inheritdoc />
    protected override void ClipToRectangle(PdfRectangle rectangle, FillingRule clippingRule)
    {
    }

    /// <inheritdoc />
    public override void PaintShading(NameToken shadingName)
    {
    }
}
