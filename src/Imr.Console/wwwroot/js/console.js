// The letter is PDF only when asked for with Accept: application/pdf (docs/api.md), which a link cannot send.
window.imrConsole = {
  downloadPdf: async function (url, fileName) {
    const response = await fetch(url, { headers: { Accept: "application/pdf" } });
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
