// Progressive enhancement: without JavaScript the form posts and the server answers with a page.
// With it, errors appear beside their fields without a reload and are announced to screen readers.
(() => {
  const form = document.getElementById("signup-form");
  if (!form) return;
  const summary = document.getElementById("error-summary");

  const clearErrors = () => cemFormErrors.clear(form, summary);
  const showErrors = (errors) => cemFormErrors.show(form, summary, errors, (field) => field, (field) => field + "-error");

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
      city: data.get("city") || null,
      publishMediaContact: data.get("publishMediaContact") === "true",
      activities: data.getAll("activities"),
      consent: data.get("consent") === "true",
      url2: data.get("url2") || null,
    };
    const { status, answer } = await cemFormErrors.postJson(form, body);
    if (status === 202) {
      // A repeat of an existing sign-up is answered without its id.
      location.assign(answer.id ? "/signup/thanks?id=" + encodeURIComponent(answer.id) : "/signup/thanks");
    } else if (status === 0) {
      showErrors({ "signup-form": ["The sign-up could not be sent. Check your connection and try again."] });
    } else {
      showErrors(answer.errors || { "signup-form": [answer.detail || answer.title || "The sign-up could not be sent. Try again."] });
    }
  });
})();
