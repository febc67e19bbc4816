using Vidgan.Models;
using Vidgan.Runs;

namespace Vidgan.Training.Objectives;

/// <summary>The loss terms a run's settings call for, chosen once: a new term is one file plus one line here.</summary>
public sealed record LossTerms(IReadOnlyList<IDiscriminatorTerm> Discriminator, IReadOnlyList<IGeneratorTerm> Generator)
{
    public static LossTerms For(TrainConfig config)
    {
        var model = config.Model;
        var adversarial = new AdversarialTerm(config.Loss);
        var d = new List<IDiscriminatorTerm> { adversarial };
        var g = new List<IGeneratorTerm> { adversarial };
        if (model.AuxClassifierWeight > 0 && model.Conditional)
        {
            var aux = new AuxiliaryClassTerm(model.AuxClassifierWeight);
            d.Add(aux);
            g.Add(aux);
        }
        if (config.Loss == GanLoss.WganGp)
            d.Add(new GradientPenaltyTerm(config.GradientPenaltyWeight));
        if (config.StillNegatives > 0)
            d.Add(new StillNegativesTerm(config.Loss, config.StillNegatives));
        if (config.R1Gamma > 0)
            d.Add(new R1Term(config.R1Gamma, config.R1Every));
        if (model.ContextFrames > 0 && (config.ReconstructionL1 > 0 || config.ReconstructionL2 > 0))
            g.Add(new ReconstructionTerm(model.ContextFrames, config.ReconstructionL1, config.ReconstructionL2));
        if (model.Objective == Objective.VaeGan)
            g.Add(new VaeGanTerm(config.VaeWeight, config.KlWeight));
        if (UsesModeSeeking(config))
            g.Add(new ModeSeekingTerm(config.ModeSeeking));
        return new LossTerms(d, g);
    }

    /// <summary>Mode seeking needs two halves of a batch drawn with the same classes.</summary>
    public static bool UsesModeSeeking(TrainConfig config) => config.ModeSeeking > 0 && config.Batch / 2 > 0;
}
