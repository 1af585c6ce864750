using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Imr.Domain.Cases;
using Imr.Domain.Clock;
using Imr.Domain.Decisions;
using Imr.Domain.Reviewers;
using Imr.Storage;
using Imr.Testing;
using Imr.Workflow.Activities;
using Imr.Workflow.Contract;
using Imr.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Case = Imr.Domain.Cases.Case;

namespace Imr.Workflow.Tests.StorageCost;

/// <summary>
/// The letter step stores first and reads only when the store refuses: a retry of an issued letter reuses it even when
/// its PDF renders to other bytes, and a different letter already stored for the case is a conflict, not overwritten.
/// </summary>
[Collection(StorageCostCollection.Name)]
public sealed class IssueDeterminationRetryTests(StorageCostHarness harness)
{
    private static int s_next = 920_000;

    [Fact]
    public async Task A_retry_whose_pdf_renders_differently_reuses_the_letter_as_issued_and_audits_once()
    {
        var request = await CaseUnderReviewAsync();
        var activity = ActivatorUtilities.CreateInstance<IssueDeterminationActivity>(harness.Services);
        var first = await activity.RunAsync(new Context(request.Step), request);

        // As if the first PDF rendering differed from the retry's (creation stamps): the stored PDF is not what a retry makes.
        var issuedPdf = Encoding.ASCII.GetBytes("%PDF-1.7 issued first");
        var pdfBlob = Port<StorageClients>().Blobs.GetBlobContainerClient(StorageNames.DeterminationsContainer).GetBlobClient(first.PdfPath["determinations/".Length..]);
        await pdfBlob.DeleteAsync();
        await pdfBlob.UploadAsync(new BinaryData(issuedPdf), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [StorageNames.ContentHashMetadataKey] = Convert.ToHexStringLower(SHA256.HashData(issuedPdf)) },
        });

        var retry = await activity.RunAsync(new Context(request.Step), request);

        retry.TextPath.ShouldBe(first.TextPath);
        retry.PdfPath.ShouldBe(first.PdfPath);
        retry.Summary.Items.Select(i => i.Decision).ShouldBe(first.Summary.Items.Select(i => i.Decision));
        (await Port<IDeterminationStore>().ReadAsync(request.Step.CaseNumber, LetterFormat.Pdf))!.Content.ToArray().ShouldBe(issuedPdf, "the issued PDF stands");
        (await Port<IAuditTrail>().ReadAsync(request.Step.CaseNumber)).Count(a => a.Action == "Determined").ShouldBe(1);
        (await Port<ICaseIndex>().GetAsync(request.Step.CaseNumber))!.Case.State.ShouldBe(CaseState.Determined);
    }

    [Fact]
    public async Task A_different_letter_already_stored_for_the_case_is_a_conflict_and_stays_as_it_was()
    {
        var request = await CaseUnderReviewAsync();
        await Port<IDeterminationStore>().StoreAsync(request.Step.CaseNumber, "another letter", Encoding.ASCII.GetBytes("%PDF-1.7 another"));
        var activity = ActivatorUtilities.CreateInstance<IssueDeterminationActivity>(harness.Services);

        await Should.ThrowAsync<WriteOnceViolationException>(() => activity.RunAsync(new Context(request.Step), request));

        var text = await Port<IDeterminationStore>().ReadAsync(request.Step.CaseNumber, LetterFormat.Text);
        Encoding.UTF8.GetString(text!.Content.Span).ShouldBe("another letter");
        (await Port<ICaseIndex>().GetAsync(request.Step.CaseNumber))!.Case.State.ShouldBe(CaseState.UnderReview);
    }

    /// <summary>A case under review: its stored case file, its row, and its reviewer with the assignment recorded.</summary>
    private async Task<IssueDeterminationRequest> CaseUnderReviewAsync()
    {
        var number = CaseNumber.Create(13, Interlocked.Increment(ref s_next));
        var root = AzuriteInstance.FindRepositoryRoot();
        var seed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "docs", "examples", "seed-case.json")))!;
        seed["caseNumber"] = number.ToString();
        var item = (string)seed["disputedItems"]![0]!["description"]!;
        await Port<ICaseFileStore>().StoreCaseFileAsync(number, Encoding.UTF8.GetBytes(seed.ToJsonString()));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var reviewer = new Reviewer
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"rev-letter-{number.Sequence}"),
            Name = "Reviewer (test)",
            Licenses = [new License { State = "CA", Number = "A1", Status = LicenseStatus.Active, Expires = today.AddYears(3) }],
            Certifications = [new BoardCertification { Board = "American Board of Preventive Medicine", Specialty = "Occupational Medicine", Expires = today.AddYears(3) }],
            YearsInActivePractice = 12,
            ClinicalHoursPerWeek = 30,
            Capacity = 10,
        };
        (await Port<IReviewerRegistry>().TryCreateAsync(reviewer)).ShouldBeTrue();
        (await Port<IReviewerRegistry>().RecordAssignmentAsync(reviewer.Id, number, 1)).ShouldBeTrue();

        var now = DateTimeOffset.UtcNow;
        await Port<ICaseIndex>().TryCreateAsync(new Case
        {
            CaseNumber = number,
            State = CaseState.UnderReview,
            ReviewerId = reviewer.Id,
            AssignmentCount = 1,
            Items = [item],
            PolicyVersion = StatutoryPolicy.Current.Version,
            WorkflowVersion = CaseWorkflowContract.CurrentVersion,
            CreatedAt = now,
        });
        return new IssueDeterminationRequest
        {
            Step = new CaseStep(number, "determined", now, StatutoryPolicy.Current.Version, CaseWorkflowContract.CurrentVersion),
            ReviewerId = reviewer.Id,
            Attempt = 1,
            CaseAssignedAt = now.AddDays(-3),
            Decision = new ReviewerDecision
            {
                ReviewerId = reviewer.Id,
                ClinicalSummary = "The reviewer's summary.",
                Items = [new ItemDecision { Description = item, Decision = Decision.Upheld, Guideline = "MTUS ACOEM Chapter 8", Rationale = "Not indicated." }],
            },
        };
    }

    private T Port<T>() where T : notnull => harness.Services.GetRequiredService<T>();

    private sealed class Context(CaseStep step) : TaskActivityContext
    {
        public override TaskName Name => nameof(IssueDeterminationActivity);

        public override string InstanceId => CaseWorkflowContract.InstanceId(step.CaseNumber);
    }
}
