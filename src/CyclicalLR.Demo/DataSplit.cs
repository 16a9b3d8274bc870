namespace CyclicalLR.Demo;

/// <summary>A fixed train/test split of one data set.</summary>
/// <param name="Train">The samples the networks are trained on (and the range test's held-out slice is cut from).</param>
/// <param name="Test">The samples test accuracy is measured on; never used for training or for choosing bounds.</param>
/// <param name="Description">How the split was made, for the report.</param>
internal sealed record DataSplit(Dataset Train, Dataset Test, string Description);
