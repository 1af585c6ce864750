using Imr.Domain.Cases;

namespace Imr.Domain.Tests.Cases;

public class CaseNumberTests
{
    [Theory]
    [InlineData("CM13-0000001", 13, 1)]
    [InlineData("cm16-1234567", 16, 1234567)]
    [InlineData("CM00-9999999", 0, 9999999)]
    public void Parses_the_printed_form(string text, int year, int sequence)
    {
        CaseNumber.TryParse(text, out var number).ShouldBeTrue();
        number.Year.ShouldBe(year);
        number.Sequence.ShouldBe(sequence);
        number.ToString().ShouldBe(text.ToUpperInvariant());
    }

    [Theory]
    [InlineData("")]
    [InlineData("CM13-000001")]
    [InlineData("CM13-00000001")]
    [InlineData("CM1-00000001")]
    [InlineData("CX13-0000001")]
    [InlineData("CM13_0000001")]
    [InlineData("CM13-0000000")]
    [InlineData("CM1A-0000001")]
    [InlineData("CM13-00000a1")]
    [InlineData(" CM13-000001")]
    public void Refuses_anything_else(string text)
    {
        CaseNumber.TryParse(text, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => CaseNumber.Parse(text)).Message.ShouldContain("CMyy-nnnnnnn");
    }

    [Fact]
    public void Create_formats_with_leading_zeros()
    {
        CaseNumber.Create(7, 42).ToString().ShouldBe("CM07-0000042");
        Should.Throw<ArgumentOutOfRangeException>(() => CaseNumber.Create(100, 1));
        Should.Throw<ArgumentOutOfRangeException>(() => CaseNumber.Create(13, 0));
    }
}
