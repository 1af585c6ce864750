using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Imr.Benchmarks.Hooks;
using Imr.Storage;

namespace Imr.Benchmarks.Tests;

public class StorageOperationsViewTests
{
    private static readonly Uri Table = new("http://127.0.0.1:10002/devstoreaccount1/Cases");
    private static readonly Uri Blob = new("http://127.0.0.1:10000/devstoreaccount1/letters/CM16-1.pdf");

    [Fact]
    public async Task Every_attempt_is_counted_a_retried_write_twice_by_service_and_method()
    {
        var counter = new StorageOperationCounter();
        counter.Watch(Table, StorageService.Table);
        counter.Watch(Blob, StorageService.Blob);
        var pipeline = Pipeline(counter, new Answers(HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent));

        await SendAsync(pipeline, RequestMethod.Post, Table); // 503, then 204 on the retry
        await SendAsync(pipeline, RequestMethod.Get, Blob);

        var view = StorageOperationsView.Of(counter.Snapshot());
        view.Total.ShouldBe(3);
        view.Table.ShouldBe(2);
        view.Blob.ShouldBe(1);
        view.ByMethod.ShouldBe(new Dictionary<string, long> { ["Blob GET"] = 1, ["Table POST"] = 2 });
    }

    [Fact]
    public async Task Requests_of_many_cases_at_once_are_all_counted()
    {
        var counter = new StorageOperationCounter();
        counter.Watch(Table, StorageService.Table);
        var pipeline = Pipeline(counter, new Answers());

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            await SendAsync(pipeline, i % 2 == 0 ? RequestMethod.Get : RequestMethod.Put, Table));

        var view = StorageOperationsView.Of(counter.Snapshot());
        view.Table.ShouldBe(400);
        view.ByMethod["Table GET"].ShouldBe(200);
        view.ByMethod["Table PUT"].ShouldBe(200);
    }

    private static HttpPipeline Pipeline(StorageOperationCounter counter, HttpMessageHandler handler)
    {
        var options = new CountedClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.Mode = RetryMode.Fixed;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);

        // Per retry, as the storage clients register it (StorageClients).
        return HttpPipelineBuilder.Build(options, [], [counter], new ResponseClassifier());
    }

    private static async Task SendAsync(HttpPipeline pipeline, RequestMethod method, Uri uri)
    {
        using var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        await pipeline.SendAsync(message, CancellationToken.None);
    }

    private sealed class CountedClientOptions : ClientOptions;

    /// <summary>Answers with the given statuses in turn, then 200.</summary>
    private sealed class Answers(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int next = -1;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var i = Interlocked.Increment(ref next);
            return Task.FromResult(new HttpResponseMessage(i < statuses.Length ? statuses[i] : HttpStatusCode.OK));
        }
    }
}
