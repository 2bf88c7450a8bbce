"""The bilingual glossary of notebook 00: English term, the Chinese term the source articles
use, a one-line meaning, and the notebook that teaches it.

Every Chinese term here occurs in the source articles (a test checks this against
``../shared/seeds`` when it is present).
"""
from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    english: str
    chinese: str
    meaning: str
    notebook: str


TERMS: tuple[Term, ...] = (
    Term("large model", "大模型", "a neural network with hundreds of millions of parameters or more", "01"),
    Term("artificial intelligence", "人工智能", "machines doing tasks that need intelligence", "01"),
    Term("machine learning", "机器学习", "learning a task from data instead of hand-written rules", "01"),
    Term("deep learning", "深度学习", "machine learning with many-layer neural networks", "01"),
    Term("neural network", "神经网络", "layers of weighted sums followed by non-linear activations", "01"),
    Term("parameter", "参数", "a number the model learns (weights and biases)", "01"),
    Term("hyper-parameter", "超参数", "a setting chosen before training (learning rate, size, epochs)", "09"),
    Term("weight", "权重", "a learned multiplier on an input of a neuron", "02"),
    Term("bias", "偏置", "a learned constant added to a neuron's weighted sum", "02"),
    Term("input layer", "输入层", "the layer that receives the raw features", "02"),
    Term("hidden layer", "隐藏层", "a layer between input and output", "02"),
    Term("output layer", "输出层", "the layer that produces the prediction", "02"),
    Term("activation function", "激活函数", "the non-linearity applied after a weighted sum (ReLU, sigmoid)", "02"),
    Term("loss function", "损失函数", "a number measuring how wrong the predictions are", "02"),
    Term("mean squared error", "均方误差", "average squared difference; the regression loss", "02"),
    Term("cross-entropy", "交叉熵", "the classification loss: minus the log-probability of the true class", "02"),
    Term("forward propagation", "前向传播", "computing the output from the input, layer by layer", "04"),
    Term("backpropagation", "反向传播", "the chain rule applied backwards to get every gradient", "04"),
    Term("gradient", "梯度", "the vector of partial derivatives of the loss", "02"),
    Term("gradient descent", "梯度下降", "stepping the parameters against the gradient", "03"),
    Term("stochastic gradient descent", "随机梯度下降", "gradient descent on one sample or a mini-batch at a time", "03"),
    Term("mini-batch", "小批量", "a small random subset of the data used for one step", "03"),
    Term("learning rate", "学习率", "the step size of gradient descent", "03"),
    Term("optimizer", "优化器", "the rule that turns gradients into parameter updates (SGD, Adam)", "03"),
    Term("momentum", "动量", "a running average of gradients that smooths the steps", "03"),
    Term("initialisation", "初始化", "how weights are set before training (Xavier, He)", "04"),
    Term("data preprocessing", "数据预处理", "cleaning, scaling and encoding data before training", "05"),
    Term("normalisation", "归一化", "rescaling features or activations to a standard range", "05"),
    Term("convolution", "卷积", "sliding a small learned filter over an image", "06"),
    Term("convolutional neural network", "卷积神经网络", "a network of convolution and pooling layers (CNN)", "06"),
    Term("pooling", "池化", "down-sampling a feature map by max or mean over windows", "06"),
    Term("fully connected layer", "全连接层", "a dense layer: every input feeds every output", "06"),
    Term("feature extraction", "特征提取", "computing useful representations from raw input", "06"),
    Term("data augmentation", "数据增强", "random transformations of training data to generalise better", "06"),
    Term("recurrent neural network", "循环神经网络", "a network that carries a hidden state along a sequence (RNN)", "07"),
    Term("time step", "时间步", "one position in a sequence processed by an RNN", "07"),
    Term("sequence", "序列", "ordered data such as text or a time series", "07"),
    Term("word vector", "词向量", "a learned dense vector for each word (embedding)", "07"),
    Term("sentiment analysis", "情感分析", "classifying the opinion of a text as positive or negative", "07"),
    Term("language model", "语言模型", "a model of the probability of the next token", "07"),
    Term("text generation", "文本生成", "sampling new text from a language model", "07"),
    Term("Transformer", "Transformer", "the attention-based architecture behind BERT and GPT", "08"),
    Term("positional encoding", "位置编码", "information about token position added to embeddings", "08"),
    Term("encoder", "编码器", "the part of a Transformer that reads the whole input", "08"),
    Term("pre-training", "预训练", "training on a large unlabelled corpus first (e.g. masked words)", "08"),
    Term("fine-tuning", "微调", "continuing training of a pre-trained model on the target task", "08"),
    Term("transfer learning", "迁移学习", "reusing what a model learned on one task for another", "11"),
    Term("natural language processing", "自然语言处理", "computing with human language (NLP)", "08"),
    Term("machine translation", "机器翻译", "translating text between languages automatically", "08"),
    Term("computer vision", "计算机视觉", "computing with images and video", "06"),
    Term("speech recognition", "语音识别", "turning spoken audio into text", "01"),
    Term("label", "标签", "the correct answer attached to a training example", "09"),
    Term("sample", "样本", "one example of the data", "09"),
    Term("test set", "测试集", "data held out to measure the final model", "09"),
    Term("validation set", "验证集", "data held out to choose hyper-parameters and stop early", "09"),
    Term("overfitting", "过拟合", "fitting noise in the training data so new data suffers", "09"),
    Term("generalisation", "泛化", "performing well on data not seen in training", "09"),
    Term("regularisation", "正则化", "penalties or noise that reduce overfitting (L2, dropout)", "09"),
    Term("dropout", "Dropout", "randomly zeroing activations during training", "05"),
    Term("early stopping", "早期停止", "stopping training when validation loss stops improving", "03"),
    Term("accuracy", "准确率", "the fraction of correct predictions", "09"),
    Term("precision", "精确率", "of predicted positives, the fraction truly positive", "09"),
    Term("recall", "召回率", "of true positives, the fraction found", "09"),
    Term("distributed training", "分布式训练", "training across many devices or machines", "10"),
    Term("data parallelism", "数据并行", "each device trains a copy of the model on part of the batch", "10"),
    Term("model parallelism", "模型并行", "the model itself is split across devices", "10"),
    Term("pipeline parallelism", "流水线并行", "layers split into stages with micro-batches flowing through", "10"),
    Term("parameter server", "参数服务器", "a server holding the parameters that workers update", "10"),
    Term("quantisation", "量化", "storing weights in fewer bits (e.g. int8) to shrink and speed up", "10"),
    Term("model deployment", "模型部署", "putting a trained model into service", "10"),
    Term("inference", "推理", "running a trained model to make predictions", "10"),
    Term("latency", "延迟", "time from request to answer", "10"),
    Term("computing resources", "计算资源", "the hardware and time a model needs", "13"),
    Term("generative adversarial network", "生成对抗网络", "a generator and a discriminator trained against each other (GAN)", "11"),
    Term("recommender system", "推荐系统", "suggesting items a user is likely to want", "12"),
    Term("intelligent customer service", "智能客服", "a bot that answers customer questions", "11"),
    Term("diagnosis", "诊断", "deciding a medical condition from data", "12"),
    Term("fraud", "欺诈", "deceptive transactions to be detected", "12"),
    Term("business model", "商业模式", "how a company turns its product into revenue", "13"),
    Term("return on investment", "投资回报率", "gain relative to what was invested (ROI)", "13"),
    Term("data privacy", "数据隐私", "protecting personal information in data", "13"),
    Term("differential privacy", "差分隐私", "a guarantee that one person's data barely changes the output", "13"),
    Term("fairness", "公平性", "similar treatment and error rates across groups", "13"),
    Term("interpretability", "可解释性", "being able to say why a model predicted what it did", "12"),
)
