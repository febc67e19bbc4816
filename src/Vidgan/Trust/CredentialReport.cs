namespace Vidgan.Trust;

public enum BindingState
{
    Missing,
    Intact,
    Tampered,
}

/// <summary>What a file's Content Credentials say and whether they hold: present, signed by whom, signature and
/// assertions intact, the binding to the file's bytes intact (or which bytes changed), and the labels inside.</summary>
public sealed record CredentialReport(
    bool Present,
    string? Location,
    string? Problem,
    bool SignatureValid,
    string? Signer,
    string? Issuer,
    bool? SignerIsLibrary,
    bool AssertionsIntact,
    BindingState Binding,
    IReadOnlyList<string> ChangedBytes,
    string? Action,
    string? DigitalSourceType,
    GenerationFacts? Generation
)
{
    public bool GeneratedAndIntact =>
        Present
        && Problem == null
        && SignatureValid
        && AssertionsIntact
        && Binding == BindingState.Intact
        && Action == "c2pa.created"
        && DigitalSourceType == SyntheticLabel.TrainedAlgorithmicMedia;

    public static CredentialReport None(string? problem = null) =>
        new(false, null, problem, false, null, null, null, false, BindingState.Missing, [], null, null, null);
}
