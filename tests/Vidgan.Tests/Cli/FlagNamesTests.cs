using Vidgan.Cli;

namespace Vidgan.Tests.Cli;

/// <summary>The CLI shows its flags where the core names settings.</summary>
public class FlagNamesTests
{
    [Fact]
    public void SettingsBecomeTheirFlags()
    {
        CliApp.Build(); // registers the train command's flags
        Assert.Equal(
            "--context applies only to --condition video",
            FlagNames.Translate("setting 'model.context_frames' applies only to setting 'model.condition' video")
        );
        Assert.Equal(
            "--aux-classifier must not be negative",
            FlagNames.Translate("setting 'model.aux_classifier_weight' must not be negative")
        );
        Assert.Equal(
            "give --from-image or --from-video",
            FlagNames.Translate("give setting 'from_image' or setting 'from_video'")
        );
        Assert.Equal("nothing to translate", FlagNames.Translate("nothing to translate"));
    }
}
