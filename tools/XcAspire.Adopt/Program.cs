using XcAspire.Adopt;

return await AdoptCommand.RunAsync(args, Console.Out, Console.Error);
