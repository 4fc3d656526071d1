// Shared by the site's forms: an error summary (role="alert", focused, so screen readers announce it)
// whose links lead to the fields, and each field's own message and aria-invalid.
window.cemFormErrors = {
  // Posts body as JSON to the form's action with its submit button disabled meanwhile. Answers
  // { status, answer } (answer is {} when the body is not JSON), or { status: 0 } when the network failed.
  async postJson(form, body) {
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, answer: await response.json().catch(() => ({})) };
    } catch {
      return { status: 0, answer: {} };
    } finally {
      button.disabled = false;
    }
  },

  clear(form, summary) {
    summary.hidden = true;
    summary.replaceChildren();
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of form.querySelectorAll(".error")) { el.hidden = true; el.textContent = ""; }
  },

  // fieldIdOf(field) names the input a message belongs to (or null); messageIdOf(field) its message element.
  show(form, summary, errors, fieldIdOf, messageIdOf) {
    const heading = document.createElement("h3");
    heading.textContent = "There is a problem";
    const list = document.createElement("ul");
    for (const [field, messages] of Object.entries(errors)) {
      const text = messages.join(" ");
      const inputId = fieldIdOf(field);
      const input = inputId ? document.getElementById(inputId) : null;
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#" + (input ? inputId : form.id);
      link.textContent = text;
      item.append(link);
      list.append(item);
      const message = document.getElementById(messageIdOf(field));
      if (message) { message.textContent = text; message.hidden = false; }
      if (input) input.setAttribute("aria-invalid", "true");
    }
    summary.replaceChildren(heading, list);
    summary.hidden = false;
    summary.focus();
  },
};
