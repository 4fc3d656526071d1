// Progressive enhancement: without JavaScript the form posts and the server answers with a page.
// With it, errors appear beside their fields without a reload and are announced to screen readers.
(() => {
  const form = document.getElementById("signup-form");
  if (!form) return;
  const summary = document.getElementById("error-summary");

  function clearErrors() {
    summary.hidden = true;
    summary.replaceChildren();
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of form.querySelectorAll(".error")) { el.hidden = true; el.textContent = ""; }
  }

  function showErrors(errors) {
    const heading = document.createElement("h3");
    heading.textContent = "There is a problem";
    const list = document.createElement("ul");
    for (const [field, messages] of Object.entries(errors)) {
      const text = messages.join(" ");
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#" + (document.getElementById(field) ? field : "signup-form");
      link.textContent = text;
      item.append(link);
      list.append(item);
      const message = document.getElementById(field + "-error");
      if (message) { message.textContent = text; message.hidden = false; }
      const input = document.getElementById(field);
      if (input) input.setAttribute("aria-invalid", "true");
    }
    summary.replaceChildren(heading, list);
    summary.hidden = false;
    summary.focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const data = new FormData(form);
    const body = {
      jurisdiction: data.get("jurisdiction"),
      organizationName: data.get("organizationName"),
      organizationType: data.get("organizationType"),
      contactName: data.get("contactName"),
      contactTitle: data.get("contactTitle"),
      email: data.get("email"),
      phone: data.get("phone") || null,
      activities: data.getAll("activities"),
      consent: data.get("consent") === "true",
    };
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.status === 202) {
        location.assign("/signup/thanks?id=" + encodeURIComponent(answer.id));
        return;
      }
      showErrors(answer.errors || { "signup-form": [answer.detail || answer.title || "The sign-up could not be sent. Try again."] });
    } catch {
      showErrors({ "signup-form": ["The sign-up could not be sent. Check your connection and try again."] });
    } finally {
      button.disabled = false;
    }
  });
})();
