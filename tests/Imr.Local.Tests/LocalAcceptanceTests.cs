using Imr.Local.Tests.Harness;

namespace Imr.Local.Tests;

// The acceptance suite (tests/Imr.Testing/Acceptance) against Imr.Local; Imr.Functions.Tests runs the same against the Functions host.

/// <summary>The case flow on Imr.Local.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalCaseFlowTests(LocalSystem system) : CaseFlowAcceptance(system);

/// <summary>Every error status on Imr.Local.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalErrorStatusTests(LocalSystem system) : ErrorStatusAcceptance(system);

/// <summary>Blob intake, records and quarantine on Imr.Local.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalBlobEventTests(LocalSystem system) : BlobEventAcceptance(system);

/// <summary>kill -9 and restart of Imr.Local.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalRestartTests(LocalSystem system) : RestartAcceptance(system);

/// <summary>Sign-in and roles on Imr.Local (the development sign-in).</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalSignInTests(LocalSystem system) : SignInAcceptance(system);

/// <summary>The review's statutory steps on Imr.Local.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalReviewStepsTests(LocalSystem system) : ReviewStepsAcceptance(system);

/// <summary>The timeliness report route on Imr.Local.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalTimelinessReportTests(LocalSystem system) : TimelinessReportAcceptance(system);

/// <summary>The escalations-due route on Imr.Local.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalEscalationsTests(LocalSystem system) : EscalationsAcceptance(system);

/// <summary>The records routes on Imr.Local.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalRecordsTests(LocalSystem system) : RecordsAcceptance(system);

/// <summary>Conversion to expedited and the reviewer's conflict statement on Imr.Local.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalStatutoryStepsTests(LocalSystem system) : StatutoryStepsAcceptance(system);

/// <summary>Consolidation of applications on Imr.Local (a host started with --consolidate true).</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalConsolidationTests(LocalSystem system) : ConsolidationAcceptance(system);

/// <summary>The remand of a reversed determination to a different reviewer (LC § 4610.6(i)) on Imr.Local.</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class LocalRemandTests(LocalSystem system) : RemandAcceptance(system);
