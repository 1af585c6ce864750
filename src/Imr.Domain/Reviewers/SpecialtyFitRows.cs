namespace Imr.Domain.Reviewers;

/// <summary>The rows of specialty-fit table versions. Keywords are matched as whole words, so plurals are listed.</summary>
internal static class SpecialtyFitRows
{
    private const string OccupationalMedicine = "Occupational Medicine";
    private const string OrthopedicSurgery = "Orthopedic Surgery";
    private const string PhysicalMedicine = "Physical Medicine and Rehabilitation";
    private const string PainManagement = "Pain Management";
    private const string Anesthesiology = "Anesthesiology";
    private const string NeurologicalSurgery = "Neurological Surgery";
    private const string Neurology = "Neurology";
    private const string FamilyMedicine = "Family Medicine";
    private const string InternalMedicine = "Internal Medicine";
    private const string Psychiatry = "Psychiatry";
    private const string ClinicalPsychology = "Clinical Psychology";
    private const string SportsMedicine = "Sports Medicine";
    private const string HandSurgery = "Hand Surgery";
    private const string Dermatology = "Dermatology";
    private const string Ophthalmology = "Ophthalmology";
    private const string Otolaryngology = "Otolaryngology";
    private const string Podiatry = "Podiatric Surgery";

    // Licenses that qualify by themselves (LicenseTypes.Specialty): a chiropractor or acupuncturist reviews these therapies.
    private const string Chiropractic = "Chiropractic";
    private const string Acupuncture = "Acupuncture";

    /// <summary>Version 2026.1.</summary>
    public static readonly IReadOnlyList<SpecialtyFitRow> V2026_1 =
    [
        new("Spine and neck strain",
            ["cervical", "thoracic", "lumbar", "lumbosacral", "neck", "back", "spine", "spinal", "strain", "sprain", "whiplash", "radiculopathy"],
            [OccupationalMedicine, OrthopedicSurgery, PhysicalMedicine],
            [NeurologicalSurgery, PainManagement, FamilyMedicine, SportsMedicine]),
        new("Spine surgery",
            ["fusion", "laminectomy", "discectomy", "foraminotomy", "decompression", "disc replacement"],
            [OrthopedicSurgery, NeurologicalSurgery],
            [PhysicalMedicine]),
        new("Joints and extremities",
            ["knee", "knees", "shoulder", "shoulders", "hip", "hips", "elbow", "elbows", "ankle", "ankles", "meniscus", "rotator cuff",
             "arthroscopy", "arthroplasty", "joint replacement", "labrum", "acl"],
            [OrthopedicSurgery],
            [OccupationalMedicine, PhysicalMedicine, SportsMedicine]),
        new("Hand and wrist",
            ["hand", "hands", "wrist", "wrists", "finger", "fingers", "thumb", "carpal tunnel", "trigger finger"],
            [OrthopedicSurgery, HandSurgery],
            [OccupationalMedicine, PhysicalMedicine]),
        new("Foot",
            ["foot", "feet", "heel", "plantar", "toe", "toes", "orthotics"],
            [Podiatry, OrthopedicSurgery],
            [OccupationalMedicine, PhysicalMedicine]),
        new("Pain medications and opioids",
            ["opioid", "opioids", "oxycodone", "hydrocodone", "norco", "percocet", "tramadol", "ultram", "morphine", "fentanyl",
             "methadone", "buprenorphine", "gabapentin", "pregabalin", "lyrica", "analgesic", "analgesics", "pain medication", "pain medications"],
            [PainManagement],
            [Anesthesiology, PhysicalMedicine, OccupationalMedicine, FamilyMedicine, InternalMedicine]),
        new("Interventional pain procedures",
            ["epidural", "facet", "radiofrequency", "rhizotomy", "nerve block", "trigger point", "spinal cord stimulator"],
            [PainManagement, Anesthesiology],
            [PhysicalMedicine, OrthopedicSurgery, NeurologicalSurgery]),
        new("Rehabilitation therapies",
            ["physical therapy", "occupational therapy", "chiropractic", "acupuncture", "work hardening", "work conditioning",
             "functional restoration", "home exercise", "tens", "massage"],
            [PhysicalMedicine],
            [OccupationalMedicine, OrthopedicSurgery, SportsMedicine, Chiropractic, Acupuncture]),
        new("Nerves and head",
            ["headache", "headaches", "migraine", "concussion", "traumatic brain", "neuropathy", "emg", "nerve conduction", "ncv", "seizure"],
            [Neurology],
            [PhysicalMedicine, NeurologicalSurgery]),
        new("Mental health",
            ["depression", "depressive", "anxiety", "psychiatric", "psychological", "psychotherapy", "cognitive behavioral", "ptsd",
             "insomnia", "biofeedback"],
            [Psychiatry, ClinicalPsychology],
            [Neurology]),
        new("Internal medicine",
            ["hypertension", "diabetes", "gastritis", "gastrointestinal", "cardiac", "pulmonary", "asthma", "sleep study"],
            [InternalMedicine],
            [FamilyMedicine, OccupationalMedicine]),
        new("Skin", ["dermatitis", "skin", "burn", "burns"], [Dermatology], [OccupationalMedicine, FamilyMedicine]),
        new("Eyes", ["eye", "eyes", "vision", "ocular"], [Ophthalmology], [OccupationalMedicine]),
        new("Ear, nose and throat", ["hearing", "tinnitus", "ear", "ears", "sinus"], [Otolaryngology], [OccupationalMedicine]),
    ];
}
