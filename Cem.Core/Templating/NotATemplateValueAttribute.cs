namespace Cem.Core.Templating;

/// <summary>
/// On a type: model properties of this type are not template values (a <see cref="TemplateSet"/> neither requires
/// nor checks them). For data a model carries to the code that sends it, such as an email's data subject.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NotATemplateValueAttribute : Attribute;
