using Imr.Domain.Letters;

namespace Imr.Domain.Tests.Letters;

/// <summary>Compares letters through their JSON and reports the first differing line instead of a whole-document dump.</summary>
internal static class LetterAssertions
{
    public static void ShouldMatchLetter(this DeterminationLetter actual, DeterminationLetter expected)
    {
        var a = LetterJson.Serialize(expected).Split('\n');
        var b = LetterJson.Serialize(actual).Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end>";
            var right = i < b.Length ? b[i] : "<end>";
            if (left != right)
            {
                throw new ShouldAssertException($"Letters differ at JSON line {i + 1}:\n expected: {left.Trim()}\n   actual: {right.Trim()}");
            }
        }
    }
}
