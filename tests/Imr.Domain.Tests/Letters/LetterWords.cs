using System.Text;

namespace Imr.Domain.Tests.Letters;

/// <summary>Compares two texts word by word, ignoring whitespace and line breaks.</summary>
/// <remarks>A word is a run of letters or digits, and each punctuation mark is a word of its own,
/// so "California,North" and "California, North" compare equal: they differ only in whitespace.</remarks>
internal static class LetterWords
{
    public static List<string> Of(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
                continue;
            }

            Flush();
            if (!char.IsWhiteSpace(c) && !char.IsControl(c))
            {
                words.Add(c.ToString());
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }

    /// <summary>How many words of the expected text the actual text reproduces in order (longest common subsequence), and the first divergence.</summary>
    public static WordMatch Compare(string expected, string actual)
    {
        var a = Of(expected);
        var b = Of(actual);
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var difference = prefix == a.Count && prefix == b.Count
            ? null
            : $"at word {prefix}: expected '{string.Join(' ', a.Skip(prefix).Take(8))}' but got '{string.Join(' ', b.Skip(prefix).Take(8))}'";
        return new WordMatch(a.Count, b.Count, prefix == a.Count && prefix == b.Count ? a.Count : CommonSubsequence(a, b), difference);
    }

    private static int CommonSubsequence(List<string> a, List<string> b)
    {
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
            {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Count];
    }
}

/// <summary>Result of a word comparison.</summary>
internal sealed record WordMatch(int ExpectedWords, int ActualWords, int MatchedWords, string? FirstDifference)
{
    public bool Exact => FirstDifference is null;

    public double Percent => ExpectedWords == 0 ? 100 : 100.0 * MatchedWords / Math.Max(ExpectedWords, ActualWords);
}
