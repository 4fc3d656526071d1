namespace Cem.Core; public static class Marker { }
