module github.com/armswatch/armswatch

go 1.26.8

require github.com/joho/godotenv v1.5.1
