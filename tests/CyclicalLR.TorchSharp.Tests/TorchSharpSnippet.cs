using static TorchSharp.torch;

namespace CyclicalLR.Tests;

/// <summary>
/// README's "With TorchSharp" loop, between the <c>torchsharp</c> markers. Compiled against the TorchSharp managed
/// package, never called: TorchSharp's native libtorch (2.10, in TorchSharp-cpu) needs a newer C++ runtime than the
/// machines this project is built and tested on, so no test may touch a tensor. <see cref="TorchSharpReadmeTests"/>
/// checks that README shows this code.
/// </summary>
internal static class TorchSharpSnippet
{
    public static void Train()
    {
        // <torchsharp>
        // Any TorchSharp model and optimizer: CyclicalLR computes each iteration's learning rate and momentum.
        var model = nn.Sequential(("hidden", nn.Linear(784, 128)), ("relu", nn.ReLU()), ("output", nn.Linear(128, 10)));
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.001, momentum: 0.95);
        var lossFunction = nn.CrossEntropyLoss();

        var schedule = new Triangular(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000);
        var momentum = new CyclicalMomentum(schedule, baseMomentum: 0.85, maxMomentum: 0.95);

        for (long iteration = 0; iteration < 16_000; iteration++) // 4 whole cycles
        {
            using var scope = NewDisposeScope();  // frees this iteration's tensors
            var (images, labels) = NextBatch();   // your data: [batch, 784] floats and [batch] class indices

            foreach (var group in optimizer.ParamGroups) // every group, before step()
            {
                group.LearningRate = schedule.GetLearningRate(iteration);
                if (group is optim.IMomentum withMomentum) // SGD's and RMSprop's groups
                {
                    withMomentum.Momentum = momentum.GetMomentum(iteration);
                }
            }

            optimizer.zero_grad();
            lossFunction.forward(model.forward(images), labels).backward();
            optimizer.step();
        }
        // </torchsharp>

        static (Tensor Images, Tensor Labels) NextBatch() => throw new NotSupportedException("the README's data loader");
    }
}
