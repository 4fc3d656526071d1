using Cem.Core.Text;

namespace Cem.Tests.Text;

public sealed class FieldsTests
{
    [Theory]
    [InlineData("Ohio Department of Education")]
    [InlineData("Département de l'Éducation")]
    [InlineData("教育部")]
    [InlineData("وزارة التربية")]          // right-to-left script is text, not a control
    [InlineData("Pat O’Brien-Smith")]
    public void Text_people_type_is_accepted(string value)
    {
        var errors = new ValidationErrors();
        Assert.Equal(value, Fields.Optional(errors, "name", "Name", value, 200));
        Assert.True(errors.IsEmpty);
    }

    [Theory]
    [InlineData("a\u202Eb")]   // right-to-left override
    [InlineData("a\u2067b")]   // right-to-left isolate
    [InlineData("a\u200Bb")]   // zero-width space
    [InlineData("a\u00ADb")]   // soft hyphen
    [InlineData("a\uFEFFb")]   // byte order mark inside text
    [InlineData("a\u0378b")]   // unassigned
    [InlineData("a\uFDD0b")]   // non-character
    [InlineData("a\u0007b")]   // control
    [InlineData("a\nb")]       // a line break in a one-line field
    public void Invisible_reordering_unassigned_and_control_characters_are_refused_in_one_line_fields(string value)
    {
        var errors = new ValidationErrors();
        Assert.Null(Fields.Optional(errors, "name", "Name", value, 200));
        Assert.True(errors.ToDictionary().ContainsKey("name"));
    }

    [Fact]
    public void An_unpaired_surrogate_is_refused()
    {
        var errors = new ValidationErrors();
        Assert.Null(Fields.Optional(errors, "name", "Name", "a" + (char)0xD83D + "b", 200));
        Assert.False(errors.IsEmpty);
    }

    [Fact]
    public void Multi_line_text_keeps_line_breaks_tabs_and_emoji_sequences_but_not_overrides()
    {
        Assert.Null(Fields.UnsafeCharacterIn("First line\n\tsecond line 👩\u200D👩\u200D👧 👍🏽", multiline: true));
        Assert.NotNull(Fields.UnsafeCharacterIn("First line\n\u202Esecond", multiline: true));
        Assert.NotNull(Fields.UnsafeCharacterIn("👩\u200D👩", multiline: false));
    }
}
