using System.Globalization;
using System.Text.Json.Nodes;

namespace Imr.Console.Api;

/// <summary>
/// The reviewer form's fields over a stored profile (docs/api.md, <c>POST /reviewers</c>): the form edits these, and
/// <see cref="Body"/> writes them into the profile as read, so anything the form does not show is sent back unchanged.
/// </summary>
internal sealed class ReviewerForm
{
    /// <summary>The license types the API takes (LC 139.5).</summary>
    public static readonly IReadOnlyList<string> LicenseTypes = ["Physician", "Chiropractor", "Acupuncturist", "Psychologist", "Podiatrist", "Dentist", "Optometrist"];

    /// <summary>The license statuses the API takes.</summary>
    public static readonly IReadOnlyList<string> LicenseStatuses = ["Active", "Restricted", "Suspended", "Revoked", "Inactive"];

    private readonly JsonObject profile;

    private ReviewerForm(JsonObject profile) => this.profile = profile;

    /// <summary>The registry id; blank on a new reviewer lets the registry make one.</summary>
    public string Id { get; set; } = "";

    /// <summary>The reviewer's name (never printed on a letter).</summary>
    public string Name { get; set; } = "";

    /// <summary>Years in active practice.</summary>
    public string Years { get; set; } = "";

    /// <summary>Clinical hours a week.</summary>
    public string Hours { get; set; } = "";

    /// <summary>How many open cases the reviewer takes.</summary>
    public string Capacity { get; set; } = "";

    /// <summary>Active or Paused.</summary>
    public string Status { get; set; } = "Active";

    /// <summary>The licenses, one row each.</summary>
    public List<LicenseRow> Licenses { get; } = [];

    /// <summary>The board certifications, one row each.</summary>
    public List<CertificationRow> Certifications { get; } = [];

    /// <summary>The affiliations (conflicts of interest), one row each.</summary>
    public List<AffiliationRow> Affiliations { get; } = [];

    /// <summary>An empty form with one license and one certification row.</summary>
    public static ReviewerForm New() => new(new JsonObject())
    {
        Licenses = { new LicenseRow() },
        Certifications = { new CertificationRow() },
    };

    /// <summary>The form over a stored profile.</summary>
    public static ReviewerForm From(JsonObject stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var form = new ReviewerForm(stored)
        {
            Id = Text(stored["id"]),
            Name = Text(stored["name"]),
            Years = Text(stored["yearsInActivePractice"]),
            Hours = Text(stored["clinicalHoursPerWeek"]),
            Capacity = Text(stored["capacity"]),
            Status = Text(stored["status"]) is { Length: > 0 } status ? status : "Active",
        };
        foreach (var l in stored["licenses"]?.AsArray() ?? [])
        {
            form.Licenses.Add(new LicenseRow { State = Text(l?["state"]), Type = Text(l?["type"]) is { Length: > 0 } t ? t : "Physician", Number = Text(l?["number"]), Status = Text(l?["status"]), Expires = Text(l?["expires"]) });
        }

        foreach (var c in stored["certifications"]?.AsArray() ?? [])
        {
            form.Certifications.Add(new CertificationRow { Board = Text(c?["board"]), Specialty = Text(c?["specialty"]), Expires = Text(c?["expires"]) });
        }

        foreach (var a in stored["affiliations"]?.AsArray() ?? [])
        {
            form.Affiliations.Add(new AffiliationRow { PartyId = Text(a?["partyId"]), Organization = Text(a?["organization"]) });
        }

        return form;
    }

    /// <summary>
    /// The profile to send. A number that does not read as one goes as text, so the API names the field in its 400 rather
    /// than the form dropping it.
    /// </summary>
    public JsonObject Body()
    {
        var body = (JsonObject)profile.DeepClone();
        body.Remove("currentCaseload");
        if (Id.Trim().Length > 0)
        {
            body["id"] = Id.Trim();
        }

        body["name"] = Name;
        SetNumber(body, "yearsInActivePractice", Years);
        SetNumber(body, "clinicalHoursPerWeek", Hours);
        SetNumber(body, "capacity", Capacity);
        body["status"] = Status;
        body["licenses"] = new JsonArray([.. Licenses.Select(l => (JsonNode)WithDate(
            new JsonObject { ["state"] = l.State, ["type"] = l.Type, ["number"] = l.Number, ["status"] = l.Status }, l.Expires))]);
        body["certifications"] = new JsonArray([.. Certifications.Select(c => (JsonNode)WithDate(
            new JsonObject { ["board"] = c.Board, ["specialty"] = c.Specialty }, c.Expires))]);
        body["affiliations"] = new JsonArray([.. Affiliations.Select(a => (JsonNode)new JsonObject { ["partyId"] = a.PartyId, ["organization"] = a.Organization })]);
        return body;
    }

    // A blank date is left out too: an empty text would stop the reading of the whole profile at that one field.
    private static JsonObject WithDate(JsonObject row, string expires)
    {
        if (!string.IsNullOrWhiteSpace(expires))
        {
            row["expires"] = expires.Trim();
        }

        return row;
    }

    // A blank number is left out, so the profile's own checks name it; one that does not read as a number goes as text.
    private static void SetNumber(JsonObject body, string name, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            body.Remove(name);
            return;
        }

        body[name] = decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? JsonValue.Create(value) : JsonValue.Create(text);
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}

/// <summary>One license row.</summary>
internal sealed class LicenseRow
{
    /// <summary>Two-letter state.</summary>
    public string State { get; set; } = "CA";

    /// <summary>Physician, Chiropractor, ...</summary>
    public string Type { get; set; } = "Physician";

    /// <summary>The license number.</summary>
    public string Number { get; set; } = "";

    /// <summary>Active, ...</summary>
    public string Status { get; set; } = "Active";

    /// <summary>Expiry date, yyyy-MM-dd.</summary>
    public string Expires { get; set; } = "";
}

/// <summary>One board certification row.</summary>
internal sealed class CertificationRow
{
    /// <summary>The certifying board.</summary>
    public string Board { get; set; } = "";

    /// <summary>The specialty, as the letter prints it.</summary>
    public string Specialty { get; set; } = "";

    /// <summary>Expiry date, yyyy-MM-dd.</summary>
    public string Expires { get; set; } = "";
}

/// <summary>One affiliation row.</summary>
internal sealed class AffiliationRow
{
    /// <summary>The party id as case files name it.</summary>
    public string PartyId { get; set; } = "";

    /// <summary>The organization's name.</summary>
    public string Organization { get; set; } = "";
}
