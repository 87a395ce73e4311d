import Samples
