namespace Imr.Functions.Tests.Hosting;

// The acceptance suite (tests/Imr.Testing/Acceptance) against the published app under the real Functions host;
// Imr.Local.Tests runs the same against Imr.Local.

/// <summary>The case flow under the Functions host, with function keys.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostCaseFlowTests(FunctionsHostSystem system) : CaseFlowAcceptance(system);

/// <summary>Every error status under the Functions host.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostErrorStatusTests(FunctionsHostSystem system) : ErrorStatusAcceptance(system);

/// <summary>Blob intake, records and quarantine under the Functions host, fed Event Grid events.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostBlobEventTests(FunctionsHostSystem system) : BlobEventAcceptance(system);

/// <summary>kill -9 and restart of the Functions host.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostRestartTests(FunctionsHostSystem system) : RestartAcceptance(system);

/// <summary>Sign-in and roles under the Functions host (the header App Service Authentication sets).</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostSignInTests(FunctionsHostSystem system) : SignInAcceptance(system);

/// <summary>The review's statutory steps under the Functions host.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostReviewStepsTests(FunctionsHostSystem system) : ReviewStepsAcceptance(system);

/// <summary>The timeliness report route under the Functions host.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostTimelinessReportTests(FunctionsHostSystem system) : TimelinessReportAcceptance(system);

/// <summary>The escalations-due route under the Functions host.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostEscalationsTests(FunctionsHostSystem system) : EscalationsAcceptance(system);

/// <summary>The records routes on the Functions host.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostRecordsTests(FunctionsHostSystem system) : RecordsAcceptance(system);

/// <summary>Conversion to expedited and the reviewer's conflict statement under the Functions host.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostStatutoryStepsTests(FunctionsHostSystem system) : StatutoryStepsAcceptance(system);

/// <summary>Consolidation of applications under the Functions host (started with IMR_CONSOLIDATE=true).</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostConsolidationTests(FunctionsHostSystem system) : ConsolidationAcceptance(system);

/// <summary>The remand of a reversed determination to a different reviewer (LC § 4610.6(i)) under the Functions host.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostRemandTests(FunctionsHostSystem system) : RemandAcceptance(system);
