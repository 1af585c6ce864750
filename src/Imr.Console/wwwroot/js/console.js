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
      throw new Error("The letter could not be fetched: " + response.status);
    }
    const blob = await response.blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }
};
