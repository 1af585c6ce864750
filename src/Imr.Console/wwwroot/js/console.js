// The letter is PDF only when asked for with Accept: application/pdf (docs/api.md), and the API wants the signed-in user's
// header (docs/security.md): a link can send neither, so the letter is fetched here and saved.
window.imrConsole = {
  download: async function (url, fileName, accept, devUser) {
    const headers = { Accept: accept };
    if (devUser) {
      headers["X-Imr-Dev-User"] = devUser;
    }
    const response = await fetch(url, { headers: headers });
    if (!response.ok) {
      // The caller shows this message; the server's problem title says why when it sent one.
      let why = "";
      if ((response.headers.get("Content-Type") || "").startsWith("application/problem+json")) {
        const problem = await response.json();
        why = [problem.title].concat((problem.errors || []).map(e => e.path + ": " + e.reason)).filter(Boolean).join(" ");
      }
      throw new Error("The download failed: the server answered " + response.status + (why ? ". " + why : "."));
    }
    const blob = await response.blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  },
  // A record is shown in the page from an object URL: the API wants the signed-in user's header, which a frame's own
  // request cannot send. Only types the browser shows without running anything of the record's own get a URL; the
  // object URL's type is the one checked here, so a record can never be taken for a page of this origin.
  openRecord: async function (url, devUser, previousUrl) {
    if (previousUrl) {
      URL.revokeObjectURL(previousUrl);
    }
    const headers = {};
    if (devUser) {
      headers["X-Imr-Dev-User"] = devUser;
    }
    const response = await fetch(url, { headers: headers });
    if (!response.ok) {
      throw new Error("The record could not be opened: the server answered " + response.status + ".");
    }
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
    const shown = ["application/pdf", "image/png", "image/jpeg", "text/plain"];
    if (!shown.includes(type)) {
      throw new Error("A record of type " + (type || "unknown") + " cannot be shown in the page.");
    }
    return URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: type }));
  }
};
