using System.CommandLine;
using System.Text.Json;
using Imr.Domain.Letters;

namespace Imr.Cli;

/// <summary><c>letters parse FILE</c> and <c>letters render JSONFILE --format text|pdf --out FILE</c>.</summary>
internal static class LetterCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var letters = new Command("letters", "Read and write IMR Final Determination letters.");
        letters.Subcommands.Add(Parse(output, error));
        letters.Subcommands.Add(Render(output, error));
        return letters;
    }

    private static Command Parse(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A letter as pdftotext -layout text (.txt) or as PDF (.pdf)." };
        var command = new Command("parse", "Read a letter and print it as one JSON object.") { file };
        command.SetAction(result => Guarded(error, () =>
        {
            var path = result.GetValue(file)!;
            var bytes = File.ReadAllBytes(path.FullName);
            var letter = IsPdf(path, bytes)
                ? new LetterPdfReader().Read(bytes)
                : new LetterTextParser().Parse(System.Text.Encoding.UTF8.GetString(bytes));
            output.WriteLine(LetterJson.Serialize(letter));
        }));
        return command;
    }

    private static Command Render(TextWriter output, TextWriter error)
    {
        var json = new Argument<FileInfo>("JSONFILE") { Description = "The letter as JSON, in the shape 'letters parse' prints." };
        var format = new Option<string>("--format") { Description = "text or pdf.", Required = true };
        format.AcceptOnlyFromAmong("text", "pdf");
        var destination = new Option<FileInfo>("--out") { Description = "The file to write.", Required = true };
        var command = new Command("render", "Render a letter from JSON as text or PDF.") { json, format, destination };
        command.SetAction(result => Guarded(error, () =>
        {
            var letter = LetterJson.Deserialize(File.ReadAllText(result.GetValue(json)!.FullName));
            var target = result.GetValue(destination)!.FullName;
            if (result.GetValue(format) == "pdf")
            {
                File.WriteAllBytes(target, new LetterPdfRenderer().Render(letter));
            }
            else
            {
                File.WriteAllText(target, new LetterTextRenderer().Render(letter));
            }

            output.WriteLine($"Wrote {target}");
        }));
        return command;
    }

    private static bool IsPdf(FileInfo path, byte[] bytes) =>
        path.Extension.Equals(".pdf", StringComparison.OrdinalIgnoreCase)
        || (bytes.Length >= 5 && bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8));

    /// <summary>Turns the expected failures into one line on stderr and a non-zero exit; letter contents never go to the log.</summary>
    private static int Guarded(TextWriter error, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (LetterParseException e)
        {
            error.WriteLine("error: " + e.Message);
        }
        catch (JsonException e)
        {
            // A strict enum's refusal names the allowed values, not the place; add the path when the message lacks it.
            var where = e.Path is { } path && !e.Message.Contains(path, StringComparison.Ordinal) ? $" (at {path})" : "";
            error.WriteLine("error: the JSON is not a letter: " + e.Message + where);
        }
        catch (ArgumentException e)
        {
            error.WriteLine("error: " + e.Message);
        }
        catch (IOException e)
        {
            error.WriteLine("error: " + e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine("error: " + e.Message);
        }

        return OperatorCommandLine.InputError;
    }
}
