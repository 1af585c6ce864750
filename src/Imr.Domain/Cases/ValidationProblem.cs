namespace Imr.Domain.Cases;

/// <summary>
/// One thing wrong with input, from the domain's validators to the HTTP problem body's <c>errors</c>: where (a JSON path such as <c>$.disputedItems[2].description</c>) and why, in plain words.
/// </summary>
/// <param name="Path">JSON path of the offending value (or the parameter or header named); <c>$</c> for the whole document.</param>
/// <param name="Reason">What is wrong, in plain words, without quoting personal health information.</param>
public sealed record ValidationProblem(string Path, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Reason}";
}
