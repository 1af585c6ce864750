using Imr.Domain.Cases;
using Imr.Workflow.Ports;

namespace Imr.Storage.Tests;

public sealed class WriteOnceCacheTests
{
    [Fact]
    public void Keeps_copies_up_to_its_size_dropping_the_oldest_first_and_never_one_larger_than_all_of_it()
    {
        var cache = new WriteOnceCache(maxBytes: 25);
        var numbers = Enumerable.Range(1, 3).Select(i => CaseNumber.Create(97, i)).ToList();
        foreach (var number in numbers)
        {
            cache.Remember(number, Content(number, 10));
        }

        cache.TryGet(numbers[0], out _).ShouldBeFalse("the oldest went to make room");
        cache.TryGet(numbers[1], out var second).ShouldBeTrue();
        second.Path.ShouldBe($"cases/{numbers[1]}/case-file.json");
        cache.TryGet(numbers[2], out _).ShouldBeTrue();

        var huge = CaseNumber.Create(97, 99);
        cache.Remember(huge, Content(huge, 26));
        cache.TryGet(huge, out _).ShouldBeFalse();
        cache.TryGet(numbers[2], out _).ShouldBeTrue("a copy too large to keep evicts nothing");

        cache.Remember(numbers[2], Content(numbers[2], 1));
        cache.TryGet(numbers[2], out var kept).ShouldBeTrue();
        kept.Content.Length.ShouldBe(10, "the first copy stands");
    }

    private static StoredContent Content(CaseNumber number, int length) =>
        new($"cases/{number}/case-file.json", new byte[length], "application/json", null);
}
