import Shapes
