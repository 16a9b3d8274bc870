namespace CyclicalLR.Demo;

/// <summary>
/// One seeded training run in progress: a fresh <see cref="Mlp"/> (He-initialized from <c>new Random(seed)</c>), the
/// library's <see cref="SgdOptimizer{T}"/> over all its weights, and the batch order (from the same
/// <see cref="Random"/>). The range test and the policy runs both train through this.
/// </summary>
internal sealed class TrainingRun
{
    private readonly Dataset _train;
    private readonly SgdOptimizer<float> _optimizer;
    private readonly BatchSampler _sampler;

    /// <summary>Initializes a new instance of the <see cref="TrainingRun"/> class.</summary>
    /// <param name="train">The samples to train on.</param>
    /// <param name="settings">Network size, batch size and momentum.</param>
    /// <param name="seed">Seeds the initial weights and the batch order.</param>
    public TrainingRun(Dataset train, TrainingSettings settings, int seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(seed);
        _train = train;
        Network = new Mlp(train.FeatureCount, settings.Hidden, train.ClassCount);
        Network.Initialize(random);
        _optimizer = new SgdOptimizer<float>(momentum: settings.Momentum);
        _optimizer.Register(Network.Parameters, Network.Gradients);
        _sampler = new BatchSampler(train.Count, settings.BatchSize, random);
    }

    /// <summary>Gets the network being trained.</summary>
    public Mlp Network { get; }

    /// <summary>Gets the number of iterations in one epoch of the training samples.</summary>
    public int IterationsPerEpoch => _sampler.IterationsPerEpoch;

    /// <summary>Trains one mini-batch: computes the gradients and takes one SGD step.</summary>
    /// <param name="learningRate">The learning rate of this step.</param>
    /// <param name="momentum">The momentum of this step (the settings' momentum unless a momentum schedule says otherwise).</param>
    /// <returns>The batch's mean loss before the step (NaN or infinite once the run has diverged).</returns>
    public double Step(double learningRate, double momentum)
    {
        var loss = Network.ComputeGradients(_train, _sampler.Next());
        _optimizer.Step(learningRate, momentum);
        return loss;
    }

    /// <summary>Trains one mini-batch with the settings' momentum.</summary>
    /// <param name="learningRate">The learning rate of this step.</param>
    /// <returns>The batch's mean loss before the step.</returns>
    public double Step(double learningRate) => Step(learningRate, _optimizer.Momentum);
}
