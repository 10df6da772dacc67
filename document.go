package armswatch

// Document is one source article: Markdown with a YAML front-matter block in
// data/documents/<id>.md. Metadata comes from the article itself or from the
// moderator, never guessed: a field the article does not state stays empty,
// and a reasoned inference goes in Notes, saying it is one.
type Document struct {
	ID         string `yaml:"-" json:"id"` // the file's stem
	Title      string `yaml:"title" json:"title"`
	Publisher  string `yaml:"publisher" json:"publisher,omitempty"`
	Author     string `yaml:"author" json:"author,omitempty"`
	URL        string `yaml:"url" json:"url,omitempty"`
	Published  Date   `yaml:"published" json:"published,omitempty"`
	Language   string `yaml:"language" json:"language,omitempty"` // BCP 47, e.g. "en"
	SourceFile string `yaml:"source_file" json:"source_file,omitempty"`
	Notes      string `yaml:"notes" json:"notes,omitempty"`

	Body string `yaml:"-" json:"-"` // the cleaned article text
	Path string `yaml:"-" json:"-"` // path within the data FS, for messages
}
