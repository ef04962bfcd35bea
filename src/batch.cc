namespace sverka {}  // namespace sverka
