using System.Reflection;

namespace Vidgan.Trust;

/// <summary>The names every label Vidgan writes uses: IPTC's digital source type for media made by a trained model,
/// and the C2PA assertion labels.</summary>
public static class SyntheticLabel
{
    public const string TrainedAlgorithmicMedia = Media.DigitalSourceType.TrainedAlgorithmicMedia;

    public const string Actions = "c2pa.actions.v2";
    public const string BmffHash = "c2pa.hash.bmff.v2";
    public const string DataHash = "c2pa.hash.data";
    public const string Generation = "org.vidgan.generation";

    public static string SoftwareVersion { get; } =
        (
            typeof(SyntheticLabel)
                .Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
                ?.InformationalVersion
            ?? "0"
        ).Split('+')[0];
}
